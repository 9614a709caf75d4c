package page_test

import (
	"fmt"

	"github.com/careersearch/careers/internal/importer/page"
)

func ExampleParse() {
	saved := "What is a Bell Founder?\r\n" +
		"A bell founder casts bells in bronze and tunes them on a lathe.\r\n" +
		"What does a Bell Founder do?\r\n" +
		"• Moulding: Builds loam moulds shaped to the bell's profile.\r\n" +
		"• Tuning: Shaves metal from the inside until the partials ring true.\r\n" +
		"Try our free career quiz today!\r\n" +
		"Metalwork Careers\r\n" +
		"Foundry Roles\r\n" +
		"• Bell Founder\r\n" +
		"• Pattern Maker\r\n"
	p, err := page.Parse("bell-founder.txt", []byte(saved))
	if err != nil {
		fmt.Println(err)
		return
	}
	c := p.Career
	fmt.Printf("%s (%s) in %q\n", c.Title, c.ID, c.Category)
	for _, d := range c.Duties {
		fmt.Println("duty:", d.Name)
	}
	for _, d := range p.Dropped {
		fmt.Printf("dropped line %d: %s\n", d.Line, d.Reason)
	}
	fmt.Println("also listed:", p.Listed)
	// Output:
	// Bell Founder (bell-founder) in "Foundry Roles"
	// duty: Moulding
	// duty: Tuning
	// dropped line 6: promotional
	// also listed: [{Pattern Maker Foundry Roles}]
}
