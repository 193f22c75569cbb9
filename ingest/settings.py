"""One typed Settings object shared by ingestion, the assistant, the CLI and the web app, in sections.

`settings.store` (embedding, chunking, Chroma), `settings.retrieval` (ranking and the "papers don't cover it"
thresholds), `settings.answer` (what an answer draws on and how it is checked), `settings.llm` (the answer
backend and its model) and `settings.app` (the web app); `data_dir` is shared by all. Values come from (highest
first) keyword arguments, `PAPERCHAT_*` environment variables, a TOML file (`PAPERCHAT_CONFIG`, else
`./paperchat.toml` when present; `[llm]` tables or flat keys), then the defaults below.

Every field also has one flat name (`FLAT_NAMES`, e.g. `llm_parallel` for `settings.llm.parallel`): its
environment variable is `PAPERCHAT_` plus that name in upper case, and keyword arguments, `Settings.updated`
and top-level TOML keys take it too.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    ValidationInfo,
    field_validator,
)
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

BUNDLED_MODEL = "all-MiniLM-L6-v2"
ENV_PREFIX = "PAPERCHAT_"
MAX_ANSWER_SOURCES = 20


class SettingsError(ValueError):
    """A setting has an invalid value; the message names it in one line."""


class Section(BaseModel):
    """Frozen, so that copies of Settings may share their sections."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class StoreSettings(Section):
    embedding_model: str = Field(
        BUNDLED_MODEL, description="'all-MiniLM-L6-v2' (bundled) or a local sentence-transformers dir."
    )
    embedding_device: str = "cpu"
    embedding_batch_size: int = Field(32, ge=1, le=4096)
    chunk_tokens: int = Field(180, ge=16, le=8192, description="Chunk size in tiktoken tokens.")
    chunk_overlap_tokens: int = Field(50, ge=0, validate_default=True)  # checked against chunk_tokens
    collection: str = Field("papers", min_length=3, max_length=60, pattern=r"^[a-zA-Z0-9][\w.-]*$")
    chroma_host: str | None = Field(None, description="Use a Chroma server instead of the embedded store.")
    chroma_port: int = Field(8000, ge=1, le=65535)
    chroma_timeout_s: float = Field(10.0, gt=0)
    progress: bool = Field(True, description="Show progress bars on the terminal.")
    index_refresh_s: float = Field(5.0, ge=0, description="How often to check the store for others' ingests.")
    write_lock_timeout_s: float = Field(30.0, ge=0, description="How long a writer waits for another to finish.")

    @field_validator("chunk_overlap_tokens")
    @classmethod
    def _overlap_below_size(cls, overlap: int, info: ValidationInfo) -> int:
        size = info.data.get("chunk_tokens")
        if size is not None and overlap >= size:
            raise ValueError(f"{overlap} must be smaller than {env_name('chunk_tokens')} ({size})")
        return overlap


class RetrievalSettings(Section):
    fusion: Literal["weighted", "rrf", "dense", "keyword"] = "weighted"
    candidates: int = Field(30, ge=1, le=1000, description="Candidates taken from each of dense and keyword.")
    keyword_weight: float = Field(0.5, ge=0)
    keyword_saturation: float = Field(8.0, gt=0)
    mmr: bool = False
    reranker_model: str | None = Field(None, description="Local sentence-transformers CrossEncoder dir.")
    min_relevance: float = Field(0.45, description="Below this relevance a passage is no match (citation lookup, "
                                 "the retrieval table of `paperchat eval`).")
    expand_acronyms: bool = True
    named_paper_bonus: float = Field(0.5, ge=0, description="Added for passages of a paper the question names.")
    identifier_bonus: float = Field(0.1, ge=0, description="Added per identifier of the question (K-means, "
                                    "ETTh1) that only this paper's abstract uses (at most two papers).")
    coverage_rerank_weight: float = Field(1.0, ge=0, description="Weighted fusion without a reranker: of the two "
                                          "best papers, the one covering more of the question's words gains this x "
                                          "the coverage difference (0: off).")
    min_topic: float = Field(1.939, description="Below this topic score (relevance + weighted coverage of the "
                             "question by the abstracts that should answer it) the papers don't cover it.")
    topic_coverage_weight: float = Field(2.0, ge=0, description="Weight of coverage in the topic score.")


class AnswerSettings(Section):
    sources: int = Field(4, ge=1, le=MAX_ANSWER_SOURCES, description="Papers given to the model as sources.")
    source_token_budget: int = Field(150, ge=50, description="Tokens of source text in a model's prompt (the knee "
                                     "in docs/benchmarks.md).")
    list_max_papers: int = Field(5, ge=1, le=50, description="Papers listed for 'which papers' questions.")
    list_relative_relevance: float = Field(0.75, ge=0, le=1, description="Listed papers score at least this share "
                                           "of the best paper's relevance.")
    cite_min_title_score: float = Field(85, ge=0, le=100, description="Fuzzy title match needed (0-100).")
    min_support: float = Field(0.51, ge=0, le=1, description="Least support for a citation to survive.")
    max_question_chars: int = Field(2000, ge=10)


class LLMSettings(Section):
    backend: str = Field("llamacpp", description="Answer backend (see assistant/llm/backends.py: BACKENDS); "
                         "'extractive' needs no model and is the fallback.")
    model: Literal["qwen2.5-coder-0.5b", "qwen2.5-coder-1.5b"] = Field(
        "qwen2.5-coder-0.5b", description="Bundled GGUF model; the choice is measured in docs/benchmarks.md.")
    model_path: Path | None = Field(None, description="Any local GGUF file instead of the bundled model.")
    context_tokens: int = Field(4096, ge=512, description="Context of one request (one server slot).")
    parallel: int = Field(4, ge=1, le=64, description="Requests the local model serves at once (slots).")
    threads: int = Field(default_factory=lambda: os.cpu_count() or 2, ge=1, description="CPU threads of the "
                         "local model.")
    max_tokens: int = Field(200, ge=16)
    temperature: float = Field(0.0, ge=0, le=2)
    timeout_s: float = Field(120.0, gt=0, description="Longest a whole answer may take.")
    first_token_timeout_s: float = Field(60.0, gt=0, description="Longest wait for the first token.")
    openai_base_url: str = "http://127.0.0.1:8080/v1"
    openai_model: str = "local"
    openai_api_key: SecretStr | None = None
    ollama_host: str = "http://127.0.0.1:11434"
    ollama_model: str = "qwen2.5-coder:1.5b"

    @field_validator("backend")
    @classmethod
    def _known_backend(cls, name: str) -> str:
        # The backend registry is the one list of names (the one place settings looks into the assistant).
        from assistant.llm.backends import BACKENDS

        if name not in BACKENDS:
            raise ValueError(f"unknown backend {name!r}; choose one of {', '.join(BACKENDS)}")
        return name


class AppSettings(Section):
    host: str = "127.0.0.1"
    port: int = Field(7860, ge=1, le=65535)
    auth: SecretStr | None = Field(None, description="'user:password' to require a login (never printed).")
    auth_file: Path | None = Field(None, description="File of 'user:password' lines.")
    concurrency: int = Field(4, ge=1, le=64, description="Answers computed at once; others queue.")


SECTIONS: dict[str, type[Section]] = {"store": StoreSettings, "retrieval": RetrievalSettings,
                                      "answer": AnswerSettings, "llm": LLMSettings, "app": AppSettings}
# A field's flat name is its section's prefix plus its own name, except for these older, shorter names.
_PREFIXES = {"llm": "llm_", "app": "app_"}
_OLD_NAMES = {("answer", "sources"): "answer_sources", ("llm", "backend"): "llm",
              ("llm", "openai_base_url"): "openai_base_url", ("llm", "openai_model"): "openai_model",
              ("llm", "openai_api_key"): "openai_api_key", ("llm", "ollama_host"): "ollama_host",
              ("llm", "ollama_model"): "ollama_model", ("app", "auth"): "auth", ("app", "auth_file"): "auth_file"}
# flat name -> where the field is: ("data_dir",) or ("llm", "parallel")
FLAT_NAMES: dict[str, tuple[str, ...]] = {"data_dir": ("data_dir",)} | {
    _OLD_NAMES.get((section, field), _PREFIXES.get(section, "") + field): (section, field)
    for section, model in SECTIONS.items() for field in model.model_fields
}
_PATHS = {path: flat for flat, path in FLAT_NAMES.items()}


def env_name(flat: str) -> str:
    """The environment variable of a field given by its flat name (`llm_parallel`: PAPERCHAT_LLM_PARALLEL)."""
    if flat not in FLAT_NAMES:
        raise KeyError(f"no setting {flat!r}")
    return f"{ENV_PREFIX}{flat.upper()}"


def invalid_setting(flat: str, reason: str) -> SettingsError:
    """The one-line error for a bad value, naming the setting by its environment variable."""
    return SettingsError(f"invalid setting {env_name(flat)}: {reason}")


def nest(values: Mapping[str, Any]) -> dict[str, Any]:
    """Flat names (`llm_parallel=2`) and section tables (`llm={"parallel": 2}`) as one nested dict; other keys are
    kept, for validation to refuse by name."""
    nested: dict[str, Any] = {}
    for key, value in values.items():
        if key in SECTIONS and isinstance(value, Mapping):
            nested.setdefault(key, {}).update(value)
        elif key in FLAT_NAMES and len(FLAT_NAMES[key]) == 2:
            section, field = FLAT_NAMES[key]
            nested.setdefault(section, {})[field] = value
        else:
            nested[key] = value
    return nested


def _setting_error(exc: ValidationError, where: tuple[str, ...] = ()) -> SettingsError:
    """One line naming the first bad setting by its environment variable when it has one."""
    first = exc.errors()[0]
    loc = where + tuple(str(part) for part in first["loc"])
    known = next((loc[:n] for n in range(len(loc), 0, -1) if loc[:n] in _PATHS), None)
    if known:
        return invalid_setting(_PATHS[known], first["msg"].removeprefix("Value error, "))
    return SettingsError(f"invalid setting {'.'.join(loc) or 'settings'}: {first['msg']}")


class _FlatEnv(PydanticBaseSettingsSource):
    """The `PAPERCHAT_<FLAT NAME>` variables (any case), nested into their sections."""

    def get_field_value(self, field: Any, field_name: str) -> tuple[Any, str, bool]:
        return None, field_name, False  # unused: __call__ reads all fields at once

    def __call__(self) -> dict[str, Any]:
        env = {key.upper(): value for key, value in os.environ.items() if key.upper().startswith(ENV_PREFIX)}
        return nest({flat: env[env_name(flat)] for flat in FLAT_NAMES if env_name(flat) in env})


class _SectionedToml(TomlConfigSettingsSource):
    def __call__(self) -> dict[str, Any]:
        return nest(super().__call__())


def _config_file() -> Path | None:
    explicit = os.environ.get("PAPERCHAT_CONFIG")
    if explicit:
        return Path(explicit)
    default = Path("paperchat.toml")
    return default if default.is_file() else None


class Settings(BaseSettings):
    model_config = SettingsConfigDict(extra="forbid", validate_assignment=True)

    data_dir: Path = Field(Path(".paperchat"), description="Where the store and models live.")
    store: StoreSettings = Field(default_factory=StoreSettings)
    retrieval: RetrievalSettings = Field(default_factory=RetrievalSettings)
    answer: AnswerSettings = Field(default_factory=AnswerSettings)
    llm: LLMSettings = Field(default_factory=LLMSettings)
    app: AppSettings = Field(default_factory=AppSettings)

    @property
    def chroma_path(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def keyword_index_path(self) -> Path:
        return self.data_dir / "keyword-index"

    def updated(self, **changes: Any) -> Settings:
        """A validated copy with `changes` applied (flat names such as `llm_parallel=1`, or sections); fields
        not changed keep whether they were set explicitly (backends look at that)."""
        copy = self.model_copy()
        for key, value in nest(changes).items():
            try:
                if key in SECTIONS:
                    section = getattr(self, key)
                    explicit = {name: getattr(section, name) for name in section.model_fields_set}
                    setattr(copy, key, SECTIONS[key].model_validate(explicit | value))
                else:
                    setattr(copy, key, value)
            except ValidationError as exc:
                raise _setting_error(exc, (key,) if key in SECTIONS else ()) from None
        return copy

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        sources: list[PydanticBaseSettingsSource] = [init_settings, _FlatEnv(settings_cls)]
        config = _config_file()
        if config is not None:
            if not config.is_file():
                raise SettingsError(f"PAPERCHAT_CONFIG: no such file: {config}")
            sources.append(_SectionedToml(settings_cls, toml_file=config))
        return tuple(sources)


def load_settings(**overrides: Any) -> Settings:
    """Settings from env/TOML/overrides (flat names or sections), with a one-line error naming the bad setting."""
    try:
        return Settings(**nest(overrides))
    except ValidationError as exc:
        raise _setting_error(exc) from None
    except ValueError as exc:  # TOML syntax errors and the like
        raise SettingsError(f"invalid settings: {exc}") from None
