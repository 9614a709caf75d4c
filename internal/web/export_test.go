package web

// WhyCases lends the wording cases of why_test.go to the browser test,
// which checks that static/app.js words them as whyLine does.
var WhyCases = whyCases
