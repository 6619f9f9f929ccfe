"""Receives Word files (.docx) and a content folder; returns a draft leaflet (YAML) for each, with a report of what needs a person."""
