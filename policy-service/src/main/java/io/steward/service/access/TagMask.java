package io.steward.service.access;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** How columns tagged with an entity type are shown to a principal: a masking transform, or CLEAR. */
@Entity
@Table(name = "tag_mask")
public class TagMask extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "entity_type")
    public String entityType;
    @Column(name = "principal_kind")
    public String principalKind;
    public String principal;
    public String transform;
    @Column(name = "created_by")
    public String createdBy;
}
