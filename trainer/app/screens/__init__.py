"""The app's pages: each a Streamlit script that st.navigation runs (not `pages/`: Streamlit routes that itself)."""
