"""Word builders for leadership: data in, python-docx Document out; never imports Streamlit."""
