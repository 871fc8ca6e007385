CertificatePinner.Builder().add("rn.example.com", "sha256/fwza0LRMXouZHRC8Ei+4PyuldPDcf3UKgO/04cDM1oE=", "sha1/5x0Fa0x1Kw1wLGxAyoZx4gL0Trw=")
