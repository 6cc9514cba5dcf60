"""The learner's workstation: an Ubuntu 22.04 machine with bash, kubectl, curl, BIND 9.18 tools
and GNU coreutils, user `learner`. Files written there live in its FileTree (they feed
`kubectl apply -f`); /etc files are generated, read-only for the learner.

(Pod hosts live in webapp/shell/pod_host.py and use the same LayeredFS.)
"""
from __future__ import annotations

from .fs import FileTree, LayeredFS
from .host import Host, Resolver
from .programs import load_all

_RESOLV_CONF = """\
# This is /run/systemd/resolve/stub-resolv.conf managed by man:systemd-resolved(8).
# Do not edit.
#
# This file might be symlinked as /etc/resolv.conf. If you're looking at
# /etc/resolv.conf and seeing this text, you have followed the symlink.
#
# This is a dynamic resolv.conf file for connecting local clients to the
# internal DNS stub resolver of systemd-resolved. This file lists all
# configured search domains.
#
# Run "resolvectl status" to see details about the uplink DNS servers
# currently in use.
#
# Third party programs should typically not access this file directly, but only
# through the symlink at /etc/resolv.conf. To manage man:resolv.conf(5) in a
# different way, replace this symlink by a static file or a different symlink.
#
# See man:systemd-resolved.service(8) for details about the supported modes of
# operation for /etc/resolv.conf.

nameserver 127.0.0.53
options edns0 trust-ad
search .
"""

_OS_RELEASE = """\
PRETTY_NAME="Ubuntu 22.04.1 LTS"
NAME="Ubuntu"
VERSION_ID="22.04"
VERSION="22.04.1 LTS (Jammy Jellyfish)"
VERSION_CODENAME=jammy
ID=ubuntu
ID_LIKE=debian
HOME_URL="https://www.ubuntu.com/"
SUPPORT_URL="https://help.ubuntu.com/"
BUG_REPORT_URL="https://bugs.launchpad.net/ubuntu/"
PRIVACY_POLICY_URL="https://www.ubuntu.com/legal/terms-and-policies/privacy-policy"
UBUNTU_CODENAME=jammy
"""

_BASE_DIRS = ("/bin", "/boot", "/dev", "/etc", "/home", "/home/learner", "/lib", "/media",
              "/mnt", "/opt", "/proc", "/root", "/run", "/sbin", "/snap", "/srv", "/sys", "/tmp",
              "/usr", "/usr/bin", "/usr/lib", "/usr/local", "/usr/local/bin", "/usr/sbin",
              "/usr/share", "/var", "/var/log", "/var/tmp")

# tools whose output differs by implementation, and which one Ubuntu ships
_FLAVORS = {"nslookup": "bind918", "dig": "bind918", "host": "bind918", "curl": "curl",
            "wget": "gnu", "ping": "iputils"}


class WorkstationHost(Host):
    """The learner's machine. `tree` is the writable FileTree stored in the workspace."""

    kind = "workstation"
    hostname = "workstation"
    shell_flavor = "bash"
    sh_flavor = "dash"     # /bin/sh on Ubuntu is dash
    user = "learner"
    uid = 1000
    home = "/home/learner"
    ip = "192.168.1.10"

    def __init__(self, tree: FileTree | None = None, clock=None) -> None:
        self.tree = tree if tree is not None else FileTree()
        self.resolver = Resolver(nameserver="127.0.0.53", search=(".",), ndots=1)
        generated = {
            "/etc/resolv.conf": lambda: _RESOLV_CONF,
            "/etc/hostname": lambda: self.hostname + "\n",
            "/etc/hosts": self._etc_hosts,
            "/etc/os-release": lambda: _OS_RELEASE,
            "/etc/passwd": self._etc_passwd,
            "/etc/group": self._etc_group,
            "/etc/shells": lambda: "# /etc/shells: valid login shells\n/bin/sh\n/bin/bash\n"
                                   "/usr/bin/bash\n/bin/rbash\n/usr/bin/rbash\n/usr/bin/sh\n"
                                   "/bin/dash\n/usr/bin/dash\n",
        }
        self.fs = LayeredFS(self.tree, generated, dirs=_BASE_DIRS, user=self.user,
                            writable=(self.home, "/tmp", "/var/tmp"), clock=clock)

    # ---- what the shell needs
    def default_env(self) -> dict[str, str]:
        """The exported environment of a fresh login shell."""
        return {"HOME": self.home, "USER": self.user, "LOGNAME": self.user,
                "SHELL": "/bin/bash", "LANG": "C.UTF-8", "TERM": "xterm-256color",
                "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:"
                        "/usr/games:/usr/local/games:/snap/bin",
                "PWD": self.home}

    def has_program(self, name: str) -> bool:
        spec = load_all().get(name)
        return spec is not None and bool(spec.where & {"workstation", "everywhere"})

    def program_path(self, name: str) -> str:
        return "/usr/bin/" + name

    def tool_flavor(self, name: str) -> str:
        return _FLAVORS.get(name, "gnu")

    def prompt(self, cwd: str, exit_code: int = 0) -> str:
        return "$ "

    # ---- files
    def read_file(self, path: str) -> str | None:
        return self.fs.read(path)

    def write_file(self, path: str, text: str, append: bool = False) -> str | None:
        return self.fs.write(path, text, append)

    def is_dir(self, path: str) -> bool:
        return self.fs.is_dir(path)

    def list_dir(self, path: str) -> list[str] | None:
        return self.fs.list_dir(path)

    # ---- generated files
    def _etc_hosts(self) -> str:
        return ("127.0.0.1 localhost\n"
                f"127.0.1.1 {self.hostname}\n\n"
                "# The following lines are desirable for IPv6 capable hosts\n"
                "::1     ip6-localhost ip6-loopback\n"
                "fe00::0 ip6-localnet\n"
                "ff00::0 ip6-mcastprefix\n"
                "ff02::1 ip6-allnodes\n"
                "ff02::2 ip6-allrouters\n")

    def _etc_passwd(self) -> str:
        return ("root:x:0:0:root:/root:/bin/bash\n"
                "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"
                "bin:x:2:2:bin:/bin:/usr/sbin/nologin\n"
                "sys:x:3:3:sys:/dev:/usr/sbin/nologin\n"
                "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n"
                f"{self.user}:x:{self.uid}:{self.uid}:{self.user}:{self.home}:/bin/bash\n")

    def _etc_group(self) -> str:
        return ("root:x:0:\nadm:x:4:syslog," + self.user + "\nsudo:x:27:" + self.user +
                f"\nusers:x:100:\nnogroup:x:65534:\n{self.user}:x:{self.uid}:\n")

    def groups(self) -> list[tuple[int, str]]:
        """(gid, name) of the user's groups, primary first (for `id`)."""
        return [(self.uid, self.user), (4, "adm"), (27, "sudo")]
