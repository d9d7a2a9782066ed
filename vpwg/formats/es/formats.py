DATE_FORMAT = r"j \d\e F \d\e Y"  # 10 de marzo de 2027
SHORT_DATE_FORMAT = "j b Y"  # 10 mar 2027
TIME_FORMAT = "H:i"
DATETIME_FORMAT = r"j \d\e F \d\e Y, H:i"  # 10 de marzo de 2027, 13:02
SHORT_DATETIME_FORMAT = r"j b Y, H:i"
YEAR_MONTH_FORMAT = r"F \d\e Y"
MONTH_DAY_FORMAT = r"j \d\e F"
