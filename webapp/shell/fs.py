"""Virtual files: a writable in-memory tree, under which sits a read-only generated layer.

`FileTree` holds what the learner wrote (text files and directories), serializes to plain JSON
and refuses to grow past its capacity (`No space left on device`). `LayeredFS` is what a host
reads and writes through: the tree on top of a mapping `path -> callable returning text` (e.g.
/etc/resolv.conf computed from the cluster when read). Errors are returned as the errno text a
real tool would print ('No such file or directory', 'Permission denied', ...), never raised.

API used by hosts and programs (all paths absolute; use `resolve_path` first):
  read(path) -> str | None          is_dir(path) -> bool        exists(path) -> bool
  list_dir(path) -> list | None     write(path, text, append=False) -> error | None
  mkdir(path, parents=False) -> error | None                   remove(path, recursive=False)
  rename(src, dst) -> error | None  stat(path) -> FileInfo | None
"""
from __future__ import annotations

import posixpath
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Mapping

CAPACITY = 256 * 1024  # bytes of file content one tree may hold


def resolve_path(cwd: str, path: str) -> str:
    """`path` made absolute against `cwd`, with `.`/`..` and repeated slashes removed."""
    joined = posixpath.join(cwd or "/", path) if path else (cwd or "/")
    normal = posixpath.normpath(joined)
    return "/" + normal.lstrip("/")


def parent_of(path: str) -> str:
    return posixpath.dirname(path) or "/"


@lru_cache(maxsize=4096)  # hosts are rebuilt for every command line over the same generated paths
def _ancestors(path: str) -> tuple[str, ...]:
    """Every directory above `path`, up to and including `/`."""
    out = []
    p = parent_of(path)
    while p not in out:
        out.append(p)
        p = parent_of(p)
    return tuple(out)


@dataclass(frozen=True)
class FileInfo:
    path: str
    is_dir: bool
    size: int          # bytes (UTF-8); directories report 4096 as ext4 does
    mtime: float
    owner: str
    writable: bool     # by the host's user


class FileTree:
    """The writable layer: files (path -> text), directories, modification times, whiteouts
    (generated files a root user removed)."""

    def __init__(self, files: dict | None = None, dirs=(), mtimes: dict | None = None,
                 whiteouts=(), capacity: int = CAPACITY) -> None:
        self.files: dict[str, str] = dict(files or {})
        self.dirs: set[str] = set(dirs)
        self.mtimes: dict[str, float] = dict(mtimes or {})
        self.whiteouts: set[str] = set(whiteouts)
        self.capacity = capacity

    def used(self) -> int:
        return sum(len(text.encode("utf-8", "surrogatepass")) for text in self.files.values())

    def to_dict(self) -> dict:
        return {"files": dict(self.files), "dirs": sorted(self.dirs),
                "mtimes": dict(self.mtimes), "whiteouts": sorted(self.whiteouts)}

    @classmethod
    def from_dict(cls, d: dict, capacity: int = CAPACITY) -> "FileTree":
        return cls(d.get("files"), d.get("dirs", ()), d.get("mtimes"), d.get("whiteouts", ()),
                   capacity)


class LayeredFS:
    """The tree over a generated read-only layer, as `user` sees it.

    `dirs` are directories the image has (besides parents of generated files); a non-root user
    may write only under `writable` prefixes (their home and /tmp). Root writing a generated
    file copies it up into the tree, as overlayfs does."""

    def __init__(self, tree: FileTree, generated: Mapping[str, Callable[[], str]] | None = None,
                 *, dirs=(), user: str = "root", writable=("/tmp",), clock=None) -> None:
        self.tree = tree
        self.generated = dict(generated or {})
        self.user = user
        self.writable = tuple(writable)
        self.clock = clock
        self.base_dirs = {"/"} | set(dirs)
        for path in self.generated:
            self._add_parents(path)

    def _add_parents(self, path: str) -> None:
        self.base_dirs.update(_ancestors(path))

    def _now(self) -> float:
        return float(self.clock.now()) if self.clock is not None else 0.0

    # ---- reading
    def read(self, path: str) -> str | None:
        if path == "/dev/null":
            return ""
        if path in self.tree.files:
            return self.tree.files[path]
        if path in self.tree.whiteouts:
            return None
        make = self.generated.get(path)
        return make() if make is not None else None

    def is_dir(self, path: str) -> bool:
        return path in self.base_dirs or path in self.tree.dirs or \
            any(parent_of(f) == path for f in self.tree.files)

    def exists(self, path: str) -> bool:
        return self.is_dir(path) or self.read(path) is not None

    def list_dir(self, path: str) -> list[str] | None:
        if not self.is_dir(path):
            return None
        prefix = path.rstrip("/") + "/"
        names = set()
        candidates = list(self.tree.files) + list(self.tree.dirs) + list(self.base_dirs) + \
            [p for p in self.generated if p not in self.tree.whiteouts]
        for p in candidates:
            if p != path and p.startswith(prefix):
                names.add(p[len(prefix):].split("/", 1)[0])
        return sorted(names)

    def stat(self, path: str) -> FileInfo | None:
        if self.is_dir(path):
            return FileInfo(path, True, 4096, self.tree.mtimes.get(path, 0.0),
                            self.owner(path), self.may_write(path))
        text = self.read(path)
        if text is None:
            return None
        return FileInfo(path, False, len(text.encode("utf-8", "surrogatepass")),
                        self.tree.mtimes.get(path, 0.0), self.owner(path), self.may_write(path))

    def owner(self, path: str) -> str:
        mine = path in self.tree.files or path in self.tree.dirs
        return self.user if mine and self.user != "root" and self.may_write(path) else "root"

    def may_write(self, path: str) -> bool:
        if self.user == "root":
            return True
        return any(path == w or path.startswith(w.rstrip("/") + "/") for w in self.writable)

    # ---- writing
    def _check_parent(self, path: str) -> str | None:
        parent = parent_of(path)
        if self.is_dir(parent):
            return None
        p = parent
        while p != "/":
            if self.read(p) is not None:
                return "Not a directory"
            p = parent_of(p)
        return "No such file or directory"

    def write(self, path: str, text: str, append: bool = False) -> str | None:
        if path == "/dev/null":
            return None
        if self.is_dir(path):
            return "Is a directory"
        problem = self._check_parent(path)
        if problem:
            return problem
        if not self.may_write(path):
            return "Permission denied"
        old = self.read(path) if append else ""
        new = (old or "") + text
        size_change = len(new.encode("utf-8", "surrogatepass")) - \
            len(self.tree.files.get(path, "").encode("utf-8", "surrogatepass"))
        if size_change > 0 and self.tree.used() + size_change > self.tree.capacity:
            return "No space left on device"
        self.tree.files[path] = new
        self.tree.whiteouts.discard(path)
        self.tree.mtimes[path] = self._now()
        return None

    def mkdir(self, path: str, parents: bool = False) -> str | None:
        if self.exists(path):
            return None if parents and self.is_dir(path) else "File exists"
        if parents and path != "/":
            problem = self.mkdir(parent_of(path), parents=True)
            if problem:
                return problem
        problem = self._check_parent(path)
        if problem:
            return problem
        if not self.may_write(path):
            return "Permission denied"
        self.tree.dirs.add(path)
        self.tree.mtimes[path] = self._now()
        return None

    def remove(self, path: str, recursive: bool = False) -> str | None:
        """Removes a file, or a directory when `recursive` (its contents too)."""
        if self.is_dir(path):
            if not recursive:
                return "Is a directory"
            if path in self.base_dirs or not self.may_write(path):
                return "Permission denied" if self.user != "root" else "Device or resource busy"
            prefix = path.rstrip("/") + "/"
            for p in [f for f in self.tree.files if f.startswith(prefix)]:
                del self.tree.files[p]
            self.tree.dirs = {d for d in self.tree.dirs if d != path and not d.startswith(prefix)}
            return None
        if self.read(path) is None:
            return "No such file or directory"
        if not self.may_write(parent_of(path)) and not self.may_write(path):
            return "Permission denied"
        self.tree.files.pop(path, None)
        self.tree.mtimes.pop(path, None)
        if path in self.generated:
            self.tree.whiteouts.add(path)
        return None

    def rename(self, src: str, dst: str) -> str | None:
        text = self.read(src)
        if text is None:
            return "No such file or directory" if not self.is_dir(src) else "Is a directory"
        if self.is_dir(dst):
            dst = dst.rstrip("/") + "/" + posixpath.basename(src)
        problem = self.write(dst, text)
        if problem:
            return problem
        return self.remove(src)
