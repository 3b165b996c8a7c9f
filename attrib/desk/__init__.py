"""The claim database in a browser: Datasette with attrib's metadata, views, search and article pages."""
