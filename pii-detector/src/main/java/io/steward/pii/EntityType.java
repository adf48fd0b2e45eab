package io.steward.pii;

/** The kinds of personal data Steward recognizes, named as DESIGN.md's contract names them. */
public enum EntityType {
    PERSON, EMAIL_ADDRESS, PHONE_NUMBER, CREDIT_CARD, IBAN_CODE, US_SSN, IP_ADDRESS, DATE_OF_BIRTH, LOCATION,
    US_PASSPORT, US_DRIVER_LICENSE, UK_NINO, UK_NHS, MAC_ADDRESS, URL, CRYPTO, US_BANK_NUMBER, MEDICAL_LICENSE
}
