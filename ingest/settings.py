"""One typed Settings object shared by ingestion, the assistant, the CLI and the web app.

Values come from (highest first) keyword arguments, `PAPERCHAT_*` environment variables, a TOML
file (`PAPERCHAT_CONFIG`, else `./paperchat.toml` when present), then the defaults below.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

BUNDLED_MODEL = "all-MiniLM-L6-v2"
ENV_PREFIX = "PAPERCHAT_"


class SettingsError(ValueError):
    """A setting has an invalid value; the message names it in one line."""


def _config_file() -> Path | None:
    explicit = os.environ.get("PAPERCHAT_CONFIG")
    if explicit:
        return Path(explicit)
    default = Path("paperchat.toml")
    return default if default.is_file() else None


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="forbid")

    data_dir: Path = Field(Path(".paperchat"), description="Where the store and models live.")
    embedding_model: str = Field(
        BUNDLED_MODEL, description="'all-MiniLM-L6-v2' (bundled) or a local sentence-transformers dir."
    )
    embedding_device: str = "cpu"
    embedding_batch_size: int = Field(32, ge=1, le=4096)
    chunk_tokens: int = Field(180, ge=16, le=8192, description="Chunk size in tiktoken tokens.")
    chunk_overlap_tokens: int = Field(50, ge=0)
    collection: str = Field("papers", min_length=3, max_length=60, pattern=r"^[a-zA-Z0-9][\w.-]*$")
    chroma_host: str | None = Field(None, description="Use a Chroma server instead of the embedded store.")
    chroma_port: int = Field(8000, ge=1, le=65535)
    chroma_timeout_s: float = Field(10.0, gt=0)
    progress: bool = Field(True, description="Show progress bars on the terminal.")
    index_refresh_s: float = Field(5.0, ge=0, description="How often to check the store for others' ingests.")
    write_lock_timeout_s: float = Field(30.0, ge=0, description="How long a writer waits for another to finish.")
    # retrieval
    fusion: Literal["weighted", "rrf", "dense", "keyword"] = "weighted"
    candidates: int = Field(30, ge=1, le=1000, description="Candidates taken from each of dense and keyword.")
    keyword_weight: float = Field(0.5, ge=0)
    keyword_saturation: float = Field(8.0, gt=0)
    mmr: bool = False
    reranker_model: str | None = Field(None, description="Local sentence-transformers CrossEncoder dir.")
    min_relevance: float = Field(0.45, description="Below this best-passage relevance, the papers don't cover it.")
    expand_acronyms: bool = True
    named_paper_bonus: float = Field(0.5, ge=0, description="Added for passages of a paper the question names.")
    identifier_bonus: float = Field(0.2, ge=0, description="Added per identifier of the question (K-means, "
                                    "ETTh1) that only this paper's abstract uses (at most two papers).")
    min_topic: float = Field(0.77, description="Below this topic score (relevance + weighted coverage of the "
                             "question by the focus abstract) the papers don't cover the question.")
    topic_coverage_weight: float = Field(0.7, ge=0, description="Weight of coverage in the topic score.")
    # answers
    llm: str = Field("llamacpp", description="Answer backend (see assistant/llm/backends.py: BACKENDS); "
                     "'extractive' needs no model and is the fallback.")
    llm_model: Literal["qwen2.5-coder-0.5b", "qwen2.5-coder-1.5b"] = Field(
        "qwen2.5-coder-0.5b", description="Bundled GGUF model; the choice is measured in docs/benchmarks.md.")
    llm_model_path: Path | None = Field(None, description="Any local GGUF file instead of the bundled model.")
    llm_context_tokens: int = Field(4096, ge=512, description="Context of one request (one server slot).")
    llm_parallel: int = Field(4, ge=1, le=64, description="Requests the local model serves at once (slots).")
    llm_threads: int = Field(default_factory=lambda: os.cpu_count() or 2, ge=1, description="CPU threads of the "
                             "local model.")
    llm_max_tokens: int = Field(200, ge=16)
    llm_temperature: float = Field(0.0, ge=0, le=2)
    llm_timeout_s: float = Field(120.0, gt=0, description="Longest a whole answer may take.")
    llm_first_token_timeout_s: float = Field(60.0, gt=0, description="Longest wait for the first token.")
    openai_base_url: str = "http://127.0.0.1:8080/v1"
    openai_model: str = "local"
    openai_api_key: SecretStr | None = None
    ollama_host: str = "http://127.0.0.1:11434"
    ollama_model: str = "qwen2.5-coder:1.5b"
    answer_sources: int = Field(4, ge=1, le=20, description="Papers given to the model as sources.")
    source_token_budget: int = Field(150, ge=50, description="Tokens of source text in a model's prompt (the knee "
                                     "in docs/benchmarks.md).")
    list_max_papers: int = Field(8, ge=1, le=50, description="Papers listed for 'which papers' questions.")
    list_relative_relevance: float = Field(0.7, ge=0, le=1, description="Listed papers score at least this share "
                                           "of the best paper's relevance.")
    cite_min_title_score: float = Field(85, ge=0, le=100, description="Fuzzy title match needed (0-100).")
    min_support: float = Field(0.51, ge=0, le=1, description="Least support for a citation to survive.")
    max_question_chars: int = Field(2000, ge=10)
    # web app
    app_host: str = "127.0.0.1"
    app_port: int = Field(7860, ge=1, le=65535)
    auth: SecretStr | None = Field(None, description="'user:password' to require a login (never printed).")
    auth_file: Path | None = Field(None, description="File of 'user:password' lines.")
    app_concurrency: int = Field(4, ge=1, le=64, description="Answers computed at once; others queue.")

    @field_validator("llm")
    @classmethod
    def _known_backend(cls, name: str) -> str:
        # The backend registry is the one list of names (the one place settings looks into the assistant).
        from assistant.llm.backends import BACKENDS

        if name not in BACKENDS:
            raise ValueError(f"unknown backend {name!r}; choose one of {', '.join(BACKENDS)}")
        return name

    @model_validator(mode="after")
    def _overlap_below_size(self) -> Settings:
        if self.chunk_overlap_tokens >= self.chunk_tokens:
            raise ValueError(
                f"chunk_overlap_tokens ({self.chunk_overlap_tokens}) must be smaller than "
                f"chunk_tokens ({self.chunk_tokens})"
            )
        return self

    @property
    def chroma_path(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def keyword_index_path(self) -> Path:
        return self.data_dir / "keyword-index"

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
        config = _config_file()
        if config is not None:
            if not config.is_file():
                raise SettingsError(f"PAPERCHAT_CONFIG: no such file: {config}")
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=config))
        return tuple(sources)


def load_settings(**overrides: object) -> Settings:
    """Settings from env/TOML/overrides, with a one-line error naming the bad setting."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(part) for part in first["loc"]) or "settings"
        name = f"{ENV_PREFIX}{field.upper()}" if field in Settings.model_fields else field
        raise SettingsError(f"invalid setting {name}: {first['msg']}") from None
    except ValueError as exc:  # TOML syntax errors and the like
        raise SettingsError(f"invalid settings: {exc}") from None
