"""WSGI entry point: the app with WhiteNoise serving static files (with the app's headers)."""
from portal import create_app
from portal.config import PROJECT_ROOT
from portal.security import serve_static

app = create_app()
app.wsgi_app = serve_static(app, str(PROJECT_ROOT / "static"))
