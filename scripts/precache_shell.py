#!/usr/bin/env python3
"""Trunk post-build step: make the built app shell safe to serve and able to work offline.

1. Moves Trunk's inline loader <script type="module"> into boot-<digest>.js, because our
   Content-Security-Policy allows no inline script.
2. Computes the build id, a digest of every file of the shell, and stamps it into index.html as
   <meta name="buergerkoffer-build">, so the app can show which build it runs.
3. Renders public/sw.js with the app's scope, that build id and the list of files to precache
   into the app's sw.js (the clerk's app at /, the town hall's app under /rathaus/, the
   Bürger-Terminal under /terminal/, which registers none: a kiosk is online and loads anew).
4. Writes a brotli (`.br`) and a gzip (`.gz`) copy of every file of the shell the server sends
   compressed, so it serves them by `Accept-Encoding` without compressing per request.

Runs on TRUNK_STAGING_DIR (or the directory given as the only argument). Running it again on its
own output changes nothing unless a file changed, so a test can re-stamp a modified copy.
"""

import gzip
import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

TEMPLATE = Path(__file__).resolve().parent.parent / "public" / "sw.js"
BUILD_META = "buergerkoffer-build"
DIGEST_LEN = 16
# Not part of the precached shell: the worker itself, and the page that is stamped last.
NOT_PRECACHED = {"sw.js", "index.html"}
# The compressed copies of the shell's files: the same files, not more of them.
COMPRESSED = (".br", ".gz")
# What is worth compressing (images are compressed already).
COMPRESSIBLE = (".wasm", ".js", ".css", ".html", ".webmanifest", ".svg")
# The apps served beside the one at the root, each in its own directory of dist/ with its own
# worker: the root app's shell and worker leave them alone.
OTHER_APPS = ["rathaus/", "terminal/"]

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>\s*", re.DOTALL)
META = re.compile(r'\s*<meta name="%s" content="[^"]*"\s*/?>' % BUILD_META)


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:DIGEST_LEN]


def move_inline_scripts(html: str, staging: Path, public_url: str) -> str:
    bodies = [m.group(2).strip() for m in INLINE_SCRIPT.finditer(html)]
    bodies = [body for body in bodies if body]
    if not bodies:
        return html
    for match in INLINE_SCRIPT.finditer(html):
        if "module" not in match.group(1):
            sys.exit(f"precache_shell: inline classic script in index.html: {match.group(0)[:80]}")
    code = "\n".join(bodies) + "\n"
    name = f"boot-{digest(code.encode())}.js"
    (staging / name).write_text(code, encoding="utf-8")
    html = INLINE_SCRIPT.sub("", html)
    tag = f'<script type="module" src="{public_url}{name}"></script>\n'
    return html.replace("</head>", tag + "</head>", 1)


def shell_files(staging: Path) -> list[str]:
    files = []
    for path in sorted(staging.rglob("*")):
        relative = path.relative_to(staging).as_posix()
        other_app = any(relative.startswith(app) for app in OTHER_APPS)
        copy = relative.endswith(COMPRESSED)
        if path.is_file() and relative not in NOT_PRECACHED and not other_app and not copy:
            files.append(relative)
    return files


def build_id(staging: Path, files: list[str], html: str) -> str:
    hasher = hashlib.sha256()
    for relative in files:
        hasher.update(relative.encode() + b"\0")
        hasher.update((staging / relative).read_bytes() + b"\0")
    hasher.update(html.encode())
    return hasher.hexdigest()[:DIGEST_LEN]


def main() -> None:
    staging_dir = os.environ.get("TRUNK_STAGING_DIR") or (sys.argv[1] if len(sys.argv) > 1 else "")
    if not staging_dir:
        sys.exit("usage: precache_shell.py DIR (or set TRUNK_STAGING_DIR)")
    staging = Path(staging_dir)
    index = staging / "index.html"
    html = index.read_text(encoding="utf-8")
    # Where the app is served (Trunk's public_url, e.g. /rathaus/).
    public_url = os.environ.get("TRUNK_PUBLIC_URL") or "/"
    html = move_inline_scripts(html, staging, public_url)
    html = META.sub("", html)

    files = shell_files(staging)
    build = build_id(staging, files, html)
    meta = f'<meta name="{BUILD_META}" content="{build}" />'
    html = html.replace("</head>", "    " + meta + "\n  </head>", 1)
    index.write_text(html, encoding="utf-8")

    root = public_url == "/"
    precache = [public_url + "index.html"] + [public_url + f for f in files]
    cache_prefix = "buergerkoffer-shell-" if root else f"buergerkoffer-{public_url.strip('/')}-shell-"
    other_apps = ["/" + app for app in OTHER_APPS] if root else []
    worker = TEMPLATE.read_text(encoding="utf-8")
    worker = worker.replace("'__BUILD_ID__'", json.dumps(build))
    worker = worker.replace("__SHELL_FILES__", json.dumps(precache, indent=2))
    worker = worker.replace("'__SCOPE__'", json.dumps(public_url))
    worker = worker.replace("__OTHER_APPS__", json.dumps(other_apps))
    worker = worker.replace("'__CACHE_PREFIX__'", json.dumps(cache_prefix))
    (staging / "sw.js").write_text(worker, encoding="utf-8")
    compressed = compress(staging, files + ["index.html", "sw.js"])
    print(f"precache_shell: build {build} at {public_url}, {len(precache)} files precached, "
          f"{compressed} compressed")


def compress(staging: Path, files: list[str]) -> int:
    """Writes NAME.br and NAME.gz beside each compressible file; returns how many it did."""
    done = 0
    for relative in files:
        path = staging / relative
        if not relative.endswith(COMPRESSIBLE):
            continue
        data = path.read_bytes()
        # mtime=0: the same bytes give the same copy, build after build.
        Path(f"{path}.gz").write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
        subprocess.run(["brotli", "-q", "11", "-f", "-k", "-o", f"{path}.br", "--", str(path)], check=True)
        done += 1
    return done


if __name__ == "__main__":
    main()
