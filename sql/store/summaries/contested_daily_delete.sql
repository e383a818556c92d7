-- Denial days $first..$last of contested_daily_rows, before they are regrouped.
DELETE FROM contested_daily_rows WHERE day BETWEEN $first AND $last
