"""The app's entry script (`streamlit run trainer/app/main.py`, or `winwin app`): a router over the pages."""

import streamlit as st

from trainer.app.nav import pages

st.set_page_config(page_title="winwin: negotiation practice", page_icon=":material/handshake:", layout="wide")
st.navigation(pages()).run()
