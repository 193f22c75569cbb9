from pathlib import Path

import pytest

from ingest.settings import SettingsError, load_settings


def test_defaults() -> None:
    settings = load_settings()
    assert settings.data_dir == Path(".paperchat")
    assert settings.embedding_model == "all-MiniLM-L6-v2"
    assert settings.chroma_host is None


def test_env_vars_override_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAPERCHAT_CHUNK_TOKENS", "120")
    monkeypatch.setenv("PAPERCHAT_CHROMA_HOST", "127.0.0.1")
    settings = load_settings()
    assert settings.chunk_tokens == 120
    assert settings.chroma_host == "127.0.0.1"


def test_toml_file_below_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "paperchat.toml"
    config.write_text('data_dir = "/srv/papers"\nchunk_tokens = 150\n')
    monkeypatch.setenv("PAPERCHAT_CONFIG", str(config))
    monkeypatch.setenv("PAPERCHAT_CHUNK_TOKENS", "140")
    settings = load_settings()
    assert settings.data_dir == Path("/srv/papers")
    assert settings.chunk_tokens == 140


def test_invalid_env_value_names_the_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAPERCHAT_CHUNK_TOKENS", "lots")
    with pytest.raises(SettingsError) as error:
        load_settings()
    message = str(error.value)
    assert "PAPERCHAT_CHUNK_TOKENS" in message
    assert "\n" not in message


def test_overlap_must_be_smaller_than_chunk() -> None:
    with pytest.raises(SettingsError, match="chunk_overlap_tokens"):
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
