"""The domain model every stage shares: documents, tables, columns, cells, findings and their
catalogue, exact numbers, NFC text and class vocabularies. It imports no reader."""
