// TrustKit in Objective-C, shaped after the TrustKit README ("Getting started").
#import <TrustKit/TrustKit.h>

static NSString *const kLeafPin = @"r/mIkG3eEpVdm+u/ko/cwxzOMo1bk4TyHIlByibiA5E=";

NSDictionary *trustKitConfig = @{
    kTSKSwizzleNetworkDelegates : @NO,
    kTSKPinnedDomains : @{
        @"api.example.com" : @{
            kTSKIncludeSubdomains : @YES,
            kTSKEnforcePinning : @YES,
            kTSKPublicKeyHashes : @[
                kLeafPin,
                @"YLh1dUR9y6Kja30RrAn7JKnbQG/uEtLMkBgFF2Fuihg=",
            ],
        },
        @"report.example.com" : @{
            kTSKEnforcePinning : @NO,
            kTSKPublicKeyHashes : @[
                @"C5+lpZ7tcVwmwQIMcRtPbsQtWLABXhQzejna0wHFr8M=",
                @"diGVwiVYbubAI3RW4hB9xU8e/CH2GnkuvVFZE8zmgzI=",
            ],
        },
    },
};

[TrustKit initSharedInstanceWithConfiguration:trustKitConfig];
