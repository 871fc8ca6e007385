
«
5
android*http://schemas.android.com/apk/res/androidmanifest"packageorg.example"I
*http://schemas.android.com/apk/res/androidversionCode7(›„„2:*	
  *z
tapplication"e
*http://schemas.android.com/apk/res/androidnetworkSecurityConfig@xml/nsc(§Š„2
€€„øxml/nsc