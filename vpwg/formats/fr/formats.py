DATE_FORMAT = "j F Y"  # 10 mars 2027
SHORT_DATE_FORMAT = "j N Y"  # 10 mars 2027, 3 juil. 2027 ("b" would give "jui" for June and July alike)
TIME_FORMAT = "H:i"
DATETIME_FORMAT = r"j F Y, H:i"  # 10 mars 2027, 13:02
SHORT_DATETIME_FORMAT = r"j N Y, H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
