"""Reports (issue 7): the report centre, the group's annual report, members' annual reports and meeting
packs. The app on top of the others: it reads meetings, minutes, the work plan and activities, and
renders every kind through one pipeline (Report rows rendered by Celery)."""
