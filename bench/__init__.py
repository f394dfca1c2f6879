"""`make bench`: the real app under 200 simulated phones, measured over Streamlit's own protocol."""
