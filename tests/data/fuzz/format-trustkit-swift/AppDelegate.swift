// TrustKit in Swift, shaped after the TrustKit README ("Getting started").
import TrustKit

let leafPin = "r/mIkG3eEpVdm+u/ko/cwxzOMo1bk4TyHIlByibiA5E="
let backupPin = "YLh1dUR9y6Kja30RrAn7JKnbQG/uEtLMkBgFF2Fuihg="

let trustKitConfig: [String: Any] = [
    kTSKSwizzleNetworkDelegates: false,
    kTSKPinnedDomains: [
        "api.example.com": [
            kTSKIncludeSubdomains: true,
            kTSKExpirationDate: "2027-06-30",
            kTSKPublicKeyHashes: [
                leafPin, // leaf: current key
                backupPin, // backup: kept offline
            ],
        ],
        "beta.example.com": [
            kTSKEnforcePinning: false,
            kTSKPublicKeyHashes: [
                "C5+lpZ7tcVwmwQIMcRtPbsQtWLABXhQzejna0wHFr8M=",
                "diGVwiVYbubAI3RW4hB9xU8e/CH2GnkuvVFZE8zmgzI=",
            ],
        ],
        "legacy.api.example.com": [
            kTSKExcludeSubdomainFromParentPolicy: true,
        ],
        "cdn.example.com": [
            kTSKPublicKeyHashes: [
                RemoteConfig.cdnPin,
                "diGVwiVYbubAI3RW4hB9xU8e/CH2GnkuvVFZE8zmgzI=",
            ],
        ],
    ],
]

TrustKit.initSharedInstance(withConfiguration: trustKitConfig)
