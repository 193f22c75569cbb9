"""paperchat's ingestion: sources -> papers -> chunks -> embeddings -> store."""

from ingest.offline import stay_offline

stay_offline()
