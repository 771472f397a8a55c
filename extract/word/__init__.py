"""The Word (.docx) front end."""
