"""One editor class per field type, built from the form definition (see ``registry``)."""
