"""The bundled DejaVu fonts (a package only so that the fonts are installed with the code)."""
