"""Output shared by lint and plan: colour (`style`), markdown cells (`markdown`) and the masking
of phone numbers in everything printed (`privacy`). It imports nothing else of broadcastctl."""
