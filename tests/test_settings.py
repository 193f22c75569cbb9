from pathlib import Path

import pytest

from ingest.settings import FLAT_NAMES, SECTIONS, SettingsError, env_name, load_settings


def test_defaults() -> None:
    settings = load_settings()
    assert settings.data_dir == Path(".paperchat")
    assert settings.store.embedding_model == "all-MiniLM-L6-v2"
    assert settings.store.chroma_host is None


def test_env_vars_override_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAPERCHAT_CHUNK_TOKENS", "120")
    monkeypatch.setenv("PAPERCHAT_CHROMA_HOST", "127.0.0.1")
    settings = load_settings()
    assert settings.store.chunk_tokens == 120
    assert settings.store.chroma_host == "127.0.0.1"


def test_toml_file_below_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "paperchat.toml"
    config.write_text('data_dir = "/srv/papers"\nchunk_tokens = 150\n')
    monkeypatch.setenv("PAPERCHAT_CONFIG", str(config))
    monkeypatch.setenv("PAPERCHAT_CHUNK_TOKENS", "140")
    settings = load_settings()
    assert settings.data_dir == Path("/srv/papers")
    assert settings.store.chunk_tokens == 140


def test_invalid_env_value_names_the_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAPERCHAT_CHUNK_TOKENS", "lots")
    with pytest.raises(SettingsError) as error:
        load_settings()
    message = str(error.value)
    assert "PAPERCHAT_CHUNK_TOKENS" in message
    assert "\n" not in message


def test_overlap_must_be_smaller_than_chunk() -> None:
    with pytest.raises(SettingsError, match="PAPERCHAT_CHUNK_OVERLAP_TOKENS: 50 must be smaller than PAPERCHAT_CHUNK_"):
        load_settings(chunk_tokens=50, chunk_overlap_tokens=50)


def test_unknown_key_in_toml_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "paperchat.toml"
    config.write_text("chunk_tokenz = 3\n")
    monkeypatch.setenv("PAPERCHAT_CONFIG", str(config))
    with pytest.raises(SettingsError, match="chunk_tokenz"):
        load_settings()


def test_missing_config_file_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAPERCHAT_CONFIG", "/nonexistent/paperchat.toml")
    with pytest.raises(SettingsError, match=r"/nonexistent/paperchat\.toml"):
        load_settings()


def test_toml_sections_and_flat_keys(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "paperchat.toml"
    config.write_text('min_relevance = 0.3\n\n[llm]\nbackend = "extractive"\nparallel = 2\n\n[app]\nport = 9000\n')
    monkeypatch.setenv("PAPERCHAT_CONFIG", str(config))
    monkeypatch.setenv("PAPERCHAT_LLM_THREADS", "3")
    settings = load_settings()
    assert (settings.llm.backend, settings.llm.parallel, settings.llm.threads) == ("extractive", 2, 3)
    assert settings.app.port == 9000 and settings.retrieval.min_relevance == 0.3


def test_unknown_key_in_toml_section_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "paperchat.toml"
    config.write_text("[llm]\nparalel = 2\n")
    monkeypatch.setenv("PAPERCHAT_CONFIG", str(config))
    with pytest.raises(SettingsError, match=r"llm\.paralel"):
        load_settings()


@pytest.mark.parametrize(("name", "value", "section", "field", "expected"), [
    ("PAPERCHAT_LLM", "ollama", "llm", "backend", "ollama"),
    ("PAPERCHAT_LLM_MODEL", "qwen2.5-coder-1.5b", "llm", "model", "qwen2.5-coder-1.5b"),
    ("PAPERCHAT_LLM_PARALLEL", "2", "llm", "parallel", 2),
    ("PAPERCHAT_OPENAI_BASE_URL", "http://h:1/v1", "llm", "openai_base_url", "http://h:1/v1"),
    ("PAPERCHAT_CHROMA_PORT", "9001", "store", "chroma_port", 9001),
    ("PAPERCHAT_PROGRESS", "false", "store", "progress", False),
    ("PAPERCHAT_MIN_RELEVANCE", "0.3", "retrieval", "min_relevance", 0.3),
    ("PAPERCHAT_ANSWER_SOURCES", "6", "answer", "sources", 6),
    ("PAPERCHAT_APP_PORT", "9000", "app", "port", 9000),
    ("PAPERCHAT_APP_CONCURRENCY", "2", "app", "concurrency", 2),
    ("PAPERCHAT_AUTH_FILE", "/etc/paperchat-users", "app", "auth_file", Path("/etc/paperchat-users")),
])
def test_old_flat_env_names_set_nested_fields(monkeypatch: pytest.MonkeyPatch, name: str, value: str, section: str,
                                              field: str, expected: object) -> None:
    monkeypatch.setenv(name, value)
    assert getattr(getattr(load_settings(), section), field) == expected


def test_secret_env_var_reaches_its_section(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAPERCHAT_AUTH", "ada:lovelace")
    auth = load_settings().app.auth
    assert auth is not None and auth.get_secret_value() == "ada:lovelace"


@pytest.mark.parametrize(("name", "value"), [("PAPERCHAT_LLM_PARALLEL", "0"), ("PAPERCHAT_APP_PORT", "http"),
                                             ("PAPERCHAT_LLM", "gpt-17"), ("PAPERCHAT_FUSION", "max")])
def test_invalid_nested_field_names_its_env_var(monkeypatch: pytest.MonkeyPatch, name: str, value: str) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as error:
        load_settings()
    assert str(error.value).startswith(f"invalid setting {name}: ") and "\n" not in str(error.value)


def test_every_field_has_its_own_flat_name() -> None:
    fields = sum(len(model.model_fields) for model in SECTIONS.values())
    assert len(FLAT_NAMES) == fields + 1  # + data_dir
    assert env_name("llm_parallel") == "PAPERCHAT_LLM_PARALLEL" and FLAT_NAMES["llm"] == ("llm", "backend")


def test_updated_takes_flat_names_validates_and_leaves_the_original() -> None:
    settings = load_settings(openai_base_url="http://h:1/v1")
    changed = settings.updated(llm_parallel=1, min_relevance=0.3, data_dir="/srv/papers")
    assert (changed.llm.parallel, changed.retrieval.min_relevance, changed.data_dir) == (1, 0.3, Path("/srv/papers"))
    assert settings.llm.parallel == 4 and settings.retrieval.min_relevance == 0.45
    assert changed.llm.model_fields_set == {"openai_base_url", "parallel"}  # explicitly set fields stay so
    with pytest.raises(SettingsError, match="PAPERCHAT_LLM_PARALLEL"):
        settings.updated(llm_parallel=0)
    with pytest.raises(SettingsError, match=r"PAPERCHAT_CHUNK_OVERLAP_TOKENS: 50 .* PAPERCHAT_CHUNK_TOKENS \(40\)"):
        settings.updated(chunk_tokens=40)
