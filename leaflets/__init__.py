"""Turn patient-leaflet content (YAML) into print-ready, verified PDFs."""
