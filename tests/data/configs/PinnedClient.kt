// An OkHttp 4 client whose pins sit behind constants, as apps write them
// (square.github.io/okhttp CertificatePinner: "*." one label, "**." any depth).
package com.example.net

import okhttp3.CertificatePinner

object Pins {
    const val API_HOST = "api.example.com"
    const val LEAF: String = "sha256/r/mIkG3eEpVdm+u/ko/cwxzOMo1bk4TyHIlByibiA5E="
    private const val BACKUP = "sha256/YLh1dUR9y6Kja30RrAn7JKnbQG/uEtLMkBgFF2Fuihg="
    val CA_PINS = arrayOf(
        "sha256/C5+lpZ7tcVwmwQIMcRtPbsQtWLABXhQzejna0wHFr8M=",
        "sha256/diGVwiVYbubAI3RW4hB9xU8e/CH2GnkuvVFZE8zmgzI="
    )
    val LEGACY = "sha1/" + BuildConfig.LEGACY_PIN
}

val pinner = CertificatePinner.Builder()
    .add(Pins.API_HOST, Pins.LEAF, BACKUP)
    .add("**.cdn.example.com", *CA_PINS)
    .add("static.example.com", "sha256/r/mIkG3eEpVdm+u/ko/cwxzOMo1bk4TyHIlByibiA5E=", LEGACY)
    .add("*.static.example.com", "sha256/r/mIkG3eEpVdm+u/ko/cwxzOMo1bk4TyHIlByibiA5E=", LEGACY)
    .add("old.example.com", "sha1/BOtMwOzy7JCjBOcJV6Zhv1p5XBo=")
    .add(remoteHost(), *remotePins())
    .build()
