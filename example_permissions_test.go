package tsc_test

import (
	"context"
	"fmt"
	"log"

	"github.com/tsc-go/tsc"
)

// Setting who may see a project's future workbooks: the View template
// for a group as the project's default workbook rules, then a rule of the
// wrong content type refused before anything is sent.
func ExamplePermissionsService_ReplaceDefaults() {
	srv := startEmulator()
	defer srv.Close()
	ctx := context.Background()
	client, err := srv.Client(ctx)
	if err != nil {
		log.Fatal(err)
	}
	finance, err := client.Projects.Create(ctx, tsc.Project{Name: "Finance"})
	if err != nil {
		log.Fatal(err)
	}
	analysts, err := client.Groups.Create(ctx, tsc.Group{Name: "Analysts"})
	if err != nil {
		log.Fatal(err)
	}

	rules, err := tsc.TemplateRules(tsc.PermWorkbook, tsc.TemplateView, tsc.GroupGrantee(analysts.ID))
	if err != nil {
		log.Fatal(err)
	}
	// Replace makes these the only default workbook rules of the project
	// (the All Users group's, copied from the Default project, go).
	defaults, err := client.Permissions.ReplaceDefaults(ctx, finance.ID, tsc.PermWorkbook, rules...)
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range defaults.Rules() {
		fmt.Println(r.Grantee.Type, r.Capability, r.Mode)
	}

	// Projects have no ExportData: the SDK says so without asking the server.
	_, err = client.Permissions.Add(ctx, tsc.PermProject, finance.ID,
		tsc.PermissionRule{Grantee: tsc.GroupGrantee(analysts.ID), Capability: tsc.CapExportData, Mode: tsc.Allow})
	fmt.Println(err != nil)
	// Output:
	// group Read Allow
	// group Filter Allow
	// group ViewComments Allow
	// group AddComment Allow
	// group ExportImage Allow
	// group ExportData Allow
	// true
}
