"""The one shape of error a user reads: a message in Vietnamese and in English."""

from __future__ import annotations


class BilingualError(Exception):
    """An error printed as one `Error: …` line, in the user's language."""

    def __init__(self, message_vi: str, message_en: str) -> None:
        super().__init__(message_en)
        self.message_vi = message_vi
        self.message_en = message_en

    def message(self, lang: str = "vi") -> str:
        return self.message_en if lang == "en" else self.message_vi
