package itsm_test

import "github.com/google/go-cmp/cmp/cmpopts"

// equateEmpty treats nil and empty slices alike.
var equateEmpty = cmpopts.EquateEmpty()
