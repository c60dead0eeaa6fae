"""desk_app: the Gönül Kapısı front desk and Hoş Geldin Bebek programme of Çorum Belediyesi."""

__version__ = "0.1.0"
