"""The template editor's SMS length (GSM-7 with the Turkish shift table vs UCS-2)."""

from desk_app.domain.sms import GSM7, GSM7_TURKISH, UCS2, SmsLength, sms_length

__all__ = ["GSM7", "GSM7_TURKISH", "UCS2", "SmsLength", "sms_length"]
