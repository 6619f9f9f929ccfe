"""Turn patient-leaflet content (YAML) into print-ready, verified PDFs."""

__version__ = "0.4.0"
