"""Application services: one module per use case, called by the API and by the pages alike."""
