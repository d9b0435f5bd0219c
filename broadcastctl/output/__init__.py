"""Output shared by lint, plan and status: colour (`style`), markdown cells (`markdown`), words
(`words`) and the progress bar (`progress`). It imports nothing else of broadcastctl; the masking
of phone numbers is the top-level `broadcastctl.privacy`, which the API client needs too."""
