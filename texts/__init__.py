"""Every sentence a user reads: jinja2 templates with Babel catalogs (Chinese source)."""
