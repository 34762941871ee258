"""Files handed upward: the 汇报 in Word, the 整改台账 in Excel."""
