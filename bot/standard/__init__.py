"""The Standard (Order No. 138 of 24.02.2016) as data and pure rules.

Nothing here imports aiogram or SQLAlchemy. Texts are English msgids marked with
``N_`` so that the catalogs translate them where they are shown.
"""


def N_(message: str) -> str:
    """Mark a string for extraction into the catalogs without translating it here."""
    return message
