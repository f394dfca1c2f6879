"""Files people bring: CSV and Excel tables read with care for how Finnish offices save them."""
