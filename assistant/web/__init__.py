"""The web app's tabs beyond the chat (Gradio components wired to the Assistant API); `app.py`
composes them. Nothing else in paperchat imports this package."""
