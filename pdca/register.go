package pdca

import (
	"cmp"
	"errors"
	"fmt"
	"iter"
	"slices"
	"time"
)

// ErrItem is wrapped by every *ItemError.
var ErrItem = errors.New("invalid improvement item or register operation")

// ItemError reports an improvement item or a register operation the register refused, naming the
// item. It wraps ErrItem and, where one applies, a rule sentinel (ErrUnknownProcess for a bad
// subject).
// The zero value names no item.
// Safe for concurrent use; it is not modified once returned.
type ItemError struct {
	Item   string
	Detail string
	Err    error // optional underlying cause
}

func (e *ItemError) Error() string {
	s := fmt.Sprintf("pdca: register: item %q: %s", e.Item, e.Detail)
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns ErrItem and the underlying cause.
func (e *ItemError) Unwrap() []error {
	if e.Err != nil {
		return []error{ErrItem, e.Err}
	}
	return []error{ErrItem}
}

// Item is one entry of the improvement register: a proposed improvement, where it came from, why
// it is worth doing, how big and urgent it is, the KPI it should move, who owns it and by when.
// Status, Cycle, Decided and Note are kept by the register. The zero value is not a valid item.
// A plain value, safe for concurrent use.
type Item struct {
	ID            string     `json:"id"`
	Source        Source     `json:"source"`
	Subject       Subject    `json:"subject"`
	Description   string     `json:"description"`
	Justification string     `json:"justification"`
	Size          Size       `json:"size"`
	Priority      Priority   `json:"priority"`
	KPI           string     `json:"kpi"`
	Owner         string     `json:"owner"`
	Raised        time.Time  `json:"raised"`
	Due           time.Time  `json:"due,omitzero"`
	Status        ItemStatus `json:"status"`
	Cycle         string     `json:"cycle,omitempty"`  // the cycle opened on approval
	Decided       time.Time  `json:"decided,omitzero"` // when approved or rejected
	DecidedBy     string     `json:"decidedBy,omitempty"`
	Note          string     `json:"note,omitempty"`    // rejection reason, or the cycle's outcome
	Outcome       Phase      `json:"outcome,omitempty"` // Closed or Abandoned once completed
}

func (it Item) validate() error {
	fail := func(format string, args ...any) error {
		return &ItemError{Item: it.ID, Detail: fmt.Sprintf(format, args...)}
	}
	switch {
	case it.ID == "":
		return fail("no ID")
	case it.Source <= 0 || int(it.Source) >= len(sourceNames):
		return fail("source %v", it.Source)
	case it.Description == "" || it.Justification == "":
		return fail("needs a description and a justification")
	case it.Size <= 0 || int(it.Size) >= len(sizeNames):
		return fail("size %v", it.Size)
	case it.Priority <= 0 || int(it.Priority) >= len(priorityNames):
		return fail("priority %v", it.Priority)
	case it.KPI == "" || it.Owner == "":
		return fail("needs a KPI and an owner")
	case it.Raised.IsZero():
		return fail("no raised date")
	case it.Status <= 0 || int(it.Status) >= len(itemStatusNames):
		return fail("status %v", it.Status)
	}
	if err := it.Subject.validate(); err != nil {
		return &ItemError{Item: it.ID, Detail: "subject", Err: err}
	}
	if (it.Status == ItemApproved || it.Status == ItemCompleted) && it.Cycle == "" {
		return fail("%s without a cycle", it.Status)
	}
	if !it.Decided.IsZero() && it.Decided.Before(it.Raised) {
		return fail("decided before it was raised")
	}
	return nil
}

// Register is the improvement register: items in the order they were added. It is an immutable
// value: Add, Approve, Reject and Complete return a new Register, so it is safe for concurrent
// reads. Each operation costs time linear in the number of items. The zero value is an empty
// register.
type Register struct {
	items []Item
}

// NewRegister returns a register holding items (for example loaded from storage), checking each,
// that IDs are unique and that no two items name the same cycle.
func NewRegister(items ...Item) (Register, error) {
	seen := make(map[string]bool, len(items))
	cycles := make(map[string]string)
	for _, it := range items {
		if err := it.validate(); err != nil {
			return Register{}, err
		}
		if seen[it.ID] {
			return Register{}, &ItemError{Item: it.ID, Detail: "duplicate ID"}
		}
		seen[it.ID] = true
		if it.Cycle == "" {
			continue
		}
		if other, dup := cycles[it.Cycle]; dup {
			return Register{}, &ItemError{Item: it.ID, Detail: fmt.Sprintf("cycle %q is item %q's cycle", it.Cycle, other)}
		}
		cycles[it.Cycle] = it.ID
	}
	return Register{items: slices.Clone(items)}, nil
}

// Len returns the number of items.
func (r Register) Len() int { return len(r.items) }

// Items returns the items in the order they were added.
func (r Register) Items() iter.Seq[Item] {
	return func(yield func(Item) bool) {
		for _, it := range r.items {
			if !yield(it) {
				return
			}
		}
	}
}

// Item returns the item with the given ID.
func (r Register) Item(id string) (Item, bool) {
	i := r.index(id)
	if i < 0 {
		return Item{}, false
	}
	return r.items[i], true
}

func (r Register) index(id string) int {
	return slices.IndexFunc(r.items, func(it Item) bool { return it.ID == id })
}

// Add returns the register with a new proposed item (a zero Status means Proposed).
func (r Register) Add(it Item) (Register, error) {
	if it.Status == 0 {
		it.Status = ItemProposed
	}
	if it.Status != ItemProposed {
		return r, &ItemError{Item: it.ID, Detail: "a new item must be proposed, not " + it.Status.String()}
	}
	if err := it.validate(); err != nil {
		return r, err
	}
	if r.index(it.ID) >= 0 {
		return r, &ItemError{Item: it.ID, Detail: "duplicate ID"}
	}
	return Register{items: append(slices.Clip(r.items), it)}, nil
}

func (r Register) with(i int, it Item) Register {
	items := slices.Clone(r.items)
	items[i] = it
	return Register{items: items}
}

func (r Register) proposed(id string) (int, Item, error) {
	i := r.index(id)
	if i < 0 {
		return 0, Item{}, &ItemError{Item: id, Detail: "not in the register"}
	}
	if it := r.items[i]; it.Status != ItemProposed {
		return 0, Item{}, &ItemError{Item: id, Detail: "is " + it.Status.String() + ", not proposed"}
	}
	return i, r.items[i], nil
}

// Approve authorises a proposed item and opens its cycle in Plan, with the item's subject and
// description: it returns the new register and the cycle. The cycle ID must not be another
// item's cycle.
func (r Register) Approve(itemID, cycleID, by string, at time.Time) (Register, Cycle, error) {
	i, it, err := r.proposed(itemID)
	if err != nil {
		return r, Cycle{}, err
	}
	if by == "" {
		return r, Cycle{}, &ItemError{Item: itemID, Detail: "approval needs an approver"}
	}
	if at.Before(it.Raised) {
		return r, Cycle{}, &ItemError{Item: itemID, Detail: "approved before it was raised"}
	}
	if j := slices.IndexFunc(r.items, func(x Item) bool { return x.Cycle == cycleID && cycleID != "" }); j >= 0 {
		return r, Cycle{}, &ItemError{Item: itemID, Detail: fmt.Sprintf("cycle %q is item %q's cycle", cycleID, r.items[j].ID)}
	}
	c, err := Open(at, Opening{ID: cycleID, Subject: it.Subject, Title: it.Description, Item: it.ID})
	if err != nil {
		return r, Cycle{}, &ItemError{Item: itemID, Detail: "opening its cycle", Err: err}
	}
	it.Status, it.Cycle, it.Decided, it.DecidedBy = ItemApproved, cycleID, at, by
	return r.with(i, it), c, nil
}

// Reject declines a proposed item, with a reason, at an instant not before it was raised.
func (r Register) Reject(itemID, by, reason string, at time.Time) (Register, error) {
	i, it, err := r.proposed(itemID)
	if err != nil {
		return r, err
	}
	if by == "" || reason == "" {
		return r, &ItemError{Item: itemID, Detail: "rejection needs who and why"}
	}
	if at.Before(it.Raised) {
		return r, &ItemError{Item: itemID, Detail: "rejected before it was raised"}
	}
	it.Status, it.Decided, it.DecidedBy, it.Note = ItemRejected, at, by, reason
	return r.with(i, it), nil
}

// Complete marks an approved item completed once its cycle (the one Approve opened for it) is
// terminal, recording the outcome (Closed or Abandoned) and the Act decision.
func (r Register) Complete(itemID string, c Cycle) (Register, error) {
	i := r.index(itemID)
	if i < 0 {
		return r, &ItemError{Item: itemID, Detail: "not in the register"}
	}
	it := r.items[i]
	switch {
	case it.Status != ItemApproved:
		return r, &ItemError{Item: itemID, Detail: "is " + it.Status.String() + ", not approved"}
	case c.ID() != it.Cycle:
		return r, &ItemError{Item: itemID, Detail: fmt.Sprintf("cycle %q is not the item's cycle %q", c.ID(), it.Cycle)}
	case c.Item() != itemID:
		return r, &ItemError{Item: itemID, Detail: fmt.Sprintf("cycle %q realises item %q", c.ID(), c.Item())}
	case !c.Phase().Terminal():
		return r, &ItemError{Item: itemID, Detail: fmt.Sprintf("cycle %q is still in %s", c.ID(), c.Phase())}
	}
	d, why := c.Decision()
	it.Status, it.Outcome = ItemCompleted, c.Phase()
	it.Note = d.String()
	if d == 0 {
		it.Note = "abandoned: " + c.EndReason()
	} else if why != "" {
		it.Note += ": " + why
	}
	return r.with(i, it), nil
}

// Prioritised returns the proposed items, most urgent first: by priority (highest first), then
// due date (earliest first, none last), then raised date, then ID.
func (r Register) Prioritised() []Item {
	var out []Item
	for _, it := range r.items {
		if it.Status == ItemProposed {
			out = append(out, it)
		}
	}
	slices.SortFunc(out, func(x, y Item) int {
		if c := cmp.Compare(y.Priority, x.Priority); c != 0 {
			return c
		}
		if x.Due.IsZero() != y.Due.IsZero() {
			if x.Due.IsZero() {
				return 1
			}
			return -1
		}
		return cmp.Or(x.Due.Compare(y.Due), x.Raised.Compare(y.Raised), cmp.Compare(x.ID, y.ID))
	})
	return out
}

// OverdueItems returns proposed and approved items whose due date is strictly before asOf, in
// register order.
func (r Register) OverdueItems(asOf time.Time) []Item {
	var out []Item
	for _, it := range r.items {
		if (it.Status == ItemProposed || it.Status == ItemApproved) && !it.Due.IsZero() && it.Due.Before(asOf) {
			out = append(out, it)
		}
	}
	return out
}
