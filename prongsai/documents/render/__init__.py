"""Renderers of `content.DocumentContent`: HTML → PDF through Chromium, and DOCX."""
