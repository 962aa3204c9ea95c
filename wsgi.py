"""WSGI entry point: the app with WhiteNoise serving static files."""
from whitenoise import WhiteNoise

from portal import create_app
from portal.config import PROJECT_ROOT

app = create_app()
app.wsgi_app = WhiteNoise(app.wsgi_app, root=str(PROJECT_ROOT / "static"), prefix="static/",
                          max_age=3600)
