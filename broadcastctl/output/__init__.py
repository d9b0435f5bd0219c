"""Output shared by lint and plan: colour (`style`), markdown cells (`markdown`), the masking
of phone numbers in everything printed (`privacy`) and the one rule for the vendor's text on a
terminal (`visible`). It imports nothing else of broadcastctl."""
