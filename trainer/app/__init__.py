"""The Streamlit app: a router (main.py) over thin pages that call the package; `winwin app` starts it."""
