FROM python:3.12-slim
RUN apt-get update && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core libpq-dev gcc gettext \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
ENV DJANGO_SETTINGS_MODULE=vpwg.settings.production
RUN SECRET_KEY=collectstatic ALLOWED_HOSTS=localhost EMAIL_HOST=localhost python manage.py collectstatic --noinput
RUN SECRET_KEY=compilemessages ALLOWED_HOSTS=localhost EMAIL_HOST=localhost python manage.py compilemessages -v0
USER nobody
CMD ["gunicorn", "-c", "deploy/gunicorn.conf.py", "vpwg.wsgi:application"]
