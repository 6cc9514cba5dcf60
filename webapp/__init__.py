"""kubetutor: learn Kubernetes Services by doing, against a simulated 1.24 cluster."""
